"""Capability URLs for originals and previews: every storage path the server
hands out carries an expiry and an HMAC signature made with a server secret,
e.g. /storage/s/<expires>/<sig>/images/101.jpg (see docs/wire-contract.md §5.5)."""
