"""(filled in) storage and preview routes."""
from fastapi import APIRouter

router = APIRouter()
