"""The multilingual static site: page rendering, links between versions, publishing policy."""
