from .documents import Resource, ResourceTag, ResourceVersion
from .events import LearningEventIndexPage, LearningEventPage, LearningEventPageTag
from .guidance import GuidanceChange, GuidanceIndexPage, GuidancePage, GuidancePageTag
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .practice import PracticeExampleIndexPage, PracticeExamplePage, PracticeExamplePageTag
from .sites import TrailblazerSiteIndexPage, TrailblazerSitePage

__all__ = [
    "GuidanceChange",
    "GuidanceIndexPage",
    "GuidancePage",
    "GuidancePageTag",
    "LearningEventIndexPage",
    "LearningEventPage",
    "LearningEventPageTag",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PracticeExamplePageTag",
    "Resource",
    "ResourceTag",
    "ResourceVersion",
    "TrailblazerSiteIndexPage",
    "TrailblazerSitePage",
]
