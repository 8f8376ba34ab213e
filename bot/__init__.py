"""The platform-free advisor engine: knowledge, matching, dialogue rules and storage.

Nothing in this package knows about Slack, Telegram or the console.
"""

from bot.advisor import Advisor
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState, FlowState
from bot.knowledge.pack import KnowledgeError, load_knowledge
from bot.types import (
    Attachment,
    Button,
    ConversationKey,
    Feedback,
    FeedbackRow,
    FileAttachment,
    Incoming,
    Rating,
    Reply,
    ReplyKind,
)

__all__ = ["Advisor", "Attachment", "Button", "ConversationKey", "ConversationState", "Dialogue", "Feedback",
           "FeedbackRow", "FileAttachment", "FlowState", "Incoming", "KnowledgeError", "Rating", "Reply", "ReplyKind",
           "load_knowledge"]
