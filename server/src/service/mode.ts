// Moved to core/mode.ts (contracts sit at the bottom of the layering, see ARCHITECTURE.md). This re-export
// stays only while files edited in parallel still name the old place; new code imports core/.
export * from '../core/mode';
