from .documents import Resource, ResourceTag

__all__ = ["Resource", "ResourceTag"]
