"""The deterministic demo project and the pictures of its images."""

from desktop_app.server.demo.builder import MAX_SIZE, DemoSummary, build_demo

__all__ = ["MAX_SIZE", "DemoSummary", "build_demo"]
