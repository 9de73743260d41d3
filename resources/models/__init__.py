from .documents import Resource, ResourceTag, ResourceVersion

__all__ = ["Resource", "ResourceTag", "ResourceVersion"]
