// Nothing to load and nothing to do: what is left of ext.activate() is VS Code's own work.
exports.activate = () => ({ activatedAt: performance.now() });
exports.deactivate = () => undefined;
