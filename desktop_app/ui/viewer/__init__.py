"""Item viewer and box editor: zoom, boxes, tags, unsaved-change prompts."""
