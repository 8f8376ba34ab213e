"""Questions about one to three platforms ("is TikTok good for B2B?", "Instagram or TikTok for a
bakery?"), answered from the catalog. Platform-free: no chat platform library is imported here.

    detector = PlatformDetector(knowledge)          # once per pack
    question = detector.detect(text)                # None: not a platform question
    reply = answer(knowledge, question, profile)    # profile: the walk-through's, or None
"""

from bot.platform_answers.compose import PLATFORM_TOPIC, WRITE_TOPIC, answer
from bot.platform_answers.details import details
from bot.platform_answers.detect import PlatformDetector
from bot.platform_answers.offer import platform_button, topic_or_platform
from bot.platform_answers.payload import PLATFORM_PAYLOAD, question_from_payload, question_payload
from bot.platform_answers.question import MAX_PLATFORMS, PlatformQuestion, question_for_topic
from bot.platform_answers.routing import Route, TopicPreference

__all__ = ["MAX_PLATFORMS", "PLATFORM_PAYLOAD", "PLATFORM_TOPIC", "WRITE_TOPIC", "PlatformDetector",
           "PlatformQuestion", "Route", "TopicPreference", "answer", "details", "platform_button",
           "question_for_topic", "question_from_payload", "question_payload", "topic_or_platform"]
