"""Lengths and counts the platform accepts, checked before anything is sent
(by the domain) and shown or enforced while typing (by the dialogs)."""

NAME_MAX = 255  # a collection's or a labeling queue's name, and so the text of a name filter
DESCRIPTION_MAX = 10_000  # a collection's or a labeling queue's description
README_MAX = 100_000  # a labeling queue's readme
LIMIT_MAX = 10_000  # objects or tags per image in a queue; anything larger is surely a typo
