"""Import-linter contract types of our own, loaded by `lint-imports` (`contract_types` in
pyproject.toml's [tool.importlinter]; `lint-imports` puts the repository root on sys.path).
Lint-time only: not part of the installed package."""
