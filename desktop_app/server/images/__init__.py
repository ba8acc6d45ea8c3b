"""Images: listing pages, typed filters, JSON, originals and previews."""
