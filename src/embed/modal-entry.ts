import { MODAL_HOOK } from './constants';
import { createModal, type CreateModal } from './modal';

/**
 * embed-modal.js (built with embed.js by vite.embed.config.ts): hands the modal parts to the loader
 * that added this script, through a property of the <script> element (modal-script.ts). Loaded any
 * other way it does nothing and defines nothing.
 */
const script = document.currentScript as (HTMLScriptElement & { [MODAL_HOOK]?: unknown }) | null;
const hook = script ? script[MODAL_HOOK] : undefined;
if (typeof hook === 'function') (hook as (create: CreateModal) => void)(createModal);
