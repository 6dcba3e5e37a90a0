"""Review of translations: quality checks, the glossary, review status."""
