/**
 * Ops that deliberately have no case file, each with the reason. Keep this short and honest: an
 * op is here only when a case file cannot say anything useful about it. The coverage test fails
 * for an op with neither a case file nor an entry, and for an entry whose op has a file or no
 * longer exists.
 */
export const OPS_WITHOUT_CASES: Readonly<Record<string, string>> = {};
