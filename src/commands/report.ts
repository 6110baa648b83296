// Command handlers: filled by the issue that owns them; registers with ./registry.
