"""False-positive triage: one item at a time, one key per verdict."""
