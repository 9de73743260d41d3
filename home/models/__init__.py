"""Every page of the hub, one module per family, on the ground laid in ``base``."""

from .actions import ActionDiscussion, ActionReminder, ActionStatus, EventAction
from .base import IndexPage, SearchablePage
from .events import EventFormat, LearningEventIndexPage, LearningEventPage, LearningEventPageTag
from .expression_of_interest import ExpressionOfInterestField, ExpressionOfInterestPage
from .guidance import (
    GuidanceAudience,
    GuidanceChange,
    GuidanceFollow,
    GuidanceIndexPage,
    GuidancePage,
    GuidancePageTag,
)
from .home import HomePage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .practice import (
    PracticeExampleIndexPage,
    PracticeExamplePage,
    PracticeExamplePageTag,
    PracticeTheme,
)
from .promotion import PromotedIndexPage, PromotedPage, Promotion, SourceKind
from .readiness import ReadinessRules
from .sites import TrailblazerSiteIndexPage, TrailblazerSitePage
from .standard import StandardPage

__all__ = [
    "ActionDiscussion",
    "ActionReminder",
    "ActionStatus",
    "EventAction",
    "EventFormat",
    "ExpressionOfInterestField",
    "ExpressionOfInterestPage",
    "GuidanceAudience",
    "GuidanceChange",
    "GuidanceFollow",
    "GuidanceIndexPage",
    "GuidancePage",
    "GuidancePageTag",
    "HomePage",
    "IndexPage",
    "LearningEventIndexPage",
    "LearningEventPage",
    "LearningEventPageTag",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "PracticeExampleIndexPage",
    "PracticeExamplePage",
    "PracticeExamplePageTag",
    "PracticeTheme",
    "PromotedIndexPage",
    "PromotedPage",
    "Promotion",
    "ReadinessRules",
    "SearchablePage",
    "SourceKind",
    "StandardPage",
    "TrailblazerSiteIndexPage",
    "TrailblazerSitePage",
]
