// Errors the user must see, as banners at the top of the page (never only in the console): what
// happened, what the page did about it, and what the user can do, with buttons for the actions.
import type { Failure } from './trainer.js';

export interface BannerAction {
  readonly label: string;
  run(): void;
}

export interface BannerSpec {
  readonly kind: 'error' | 'warning' | 'info';
  /** Tests find a banner by it (`data-reason`). */
  readonly reason: string;
  readonly title: string;
  readonly message: string;
  readonly advice: string;
  readonly actions?: readonly BannerAction[];
}

export function showBanner(host: HTMLElement, spec: BannerSpec): HTMLElement {
  // One banner per reason: a repeat replaces the old one.
  host.querySelector(`[data-reason="${CSS.escape(spec.reason)}"]`)?.remove();
  const banner = document.createElement('div');
  banner.className = `banner ${spec.kind}`;
  banner.dataset['reason'] = spec.reason;
  banner.setAttribute('role', spec.kind === 'info' ? 'status' : 'alert');
  const title = document.createElement('strong');
  title.textContent = spec.title;
  const message = document.createElement('p');
  message.className = 'banner-message';
  message.textContent = spec.message;
  const advice = document.createElement('p');
  advice.className = 'banner-advice';
  advice.textContent = spec.advice;
  const buttons = document.createElement('div');
  buttons.className = 'buttons';
  for (const action of spec.actions ?? []) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.addEventListener('click', () => {
      banner.remove();
      action.run();
    });
    buttons.append(button);
  }
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'dismiss';
  dismiss.textContent = 'Dismiss';
  dismiss.setAttribute('aria-label', `Dismiss: ${spec.title}`);
  dismiss.addEventListener('click', () => banner.remove());
  buttons.append(dismiss);
  banner.append(title, message, advice, buttons);
  host.append(banner);
  return banner;
}

/** The banner for a training failure: what it means and what to do. */
export function failureBanner(failure: Failure, retryWebGpu: () => void): BannerSpec {
  const retry = { label: 'Try WebGPU again', run: retryWebGpu };
  switch (failure.kind) {
    case 'device-lost':
      return {
        kind: 'error',
        reason: 'device-lost',
        title: 'The WebGPU device was lost',
        message: `${failure.message}. ${capitalize(failure.recovery)}.`,
        advice:
          'A driver reset, the GPU being taken by another tab, or the system sleeping can do this. Press "Try WebGPU again" for a new device (the weights come along), or keep training on the CPU.',
        actions: [retry],
      };
    case 'out-of-memory':
      return {
        kind: 'error',
        reason: 'out-of-memory',
        title: 'Out of memory',
        message: `${failure.message}. ${capitalize(failure.recovery)}.`,
        advice: 'Lower the batch size (or use the MLP instead of the CNN), then press Start again.',
      };
    case 'shader':
      return {
        kind: 'error',
        reason: 'shader',
        title: 'A WebGPU kernel failed',
        message: `${failure.message}. ${capitalize(failure.recovery)}.`,
        advice:
          "This is a bug in @tf/kernels-webgpu or the browser's WebGPU: training continues on the CPU. Please report it with the message above and your browser and GPU.",
        actions: [retry],
      };
    case 'webgpu-start':
      return {
        kind: 'warning',
        reason: 'webgpu-start',
        title: 'WebGPU did not start',
        message: `${failure.message}. ${capitalize(failure.recovery)}.`,
        advice: 'Check that WebGPU is enabled in this browser (chrome://gpu shows its status), then try again.',
        actions: [retry],
      };
    default:
      return {
        kind: 'error',
        reason: 'other',
        title: 'Training stopped',
        message: `${failure.message}. ${capitalize(failure.recovery)}.`,
        advice: 'Press Reset to start over; if it happens again, please report the message above.',
      };
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
