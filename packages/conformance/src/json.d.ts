// Fixture JSON is imported with `with { type: 'json' }` and checked at run time by `fixtureCases`.
// Typing it `unknown` keeps the fixtures outside `rootDir` (they live in ../fixtures, next to the
// Python script that writes them) without `resolveJsonModule` pulling them into the program.
declare module '*.json' {
  const value: unknown;
  export default value;
}
