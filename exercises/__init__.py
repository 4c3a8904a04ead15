"""Built-in exercise templates and agenda recipes (TOML), shipped read-only with the app."""
