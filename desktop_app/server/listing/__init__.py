"""Shared list machinery: filters, sorting, pages and the paging cursor."""
