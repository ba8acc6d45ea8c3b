"""Collections sidebar, collection dialogs and adding items to collections."""
