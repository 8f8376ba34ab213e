"""Adapters: the console, Telegram and Slack, each translating its platform to the engine."""
