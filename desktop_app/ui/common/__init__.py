"""Small widget helpers shared by several features: action sets, dialog parts."""
