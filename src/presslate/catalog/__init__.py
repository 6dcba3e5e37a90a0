"""Catalogs: the lossless PO layer (model, reader, writer), template merge, XLIFF exchange."""
