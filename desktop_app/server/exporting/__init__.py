"""`desktop-app-server export`: a collection written in one of the export formats, from the database."""
