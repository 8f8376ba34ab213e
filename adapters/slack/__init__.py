"""The Slack adapter: `advisor serve slack` (see docs/slack.md).

Modules: config (settings), service (the bolt app, HTTP or Socket Mode, and its life cycle), http (the
aiohttp server, /healthz), intake (record before acknowledging, then handle), delivery (what an event
asks for), events (event -> engine message), handlers (messages, buttons, the slash command), memory
(what it keeps besides conversations: deliveries seen, threads, choices), outbox (replies to a channel
or ephemeral), render (Block Kit and mrkdwn), home (the App Home tab).
"""


from adapters.slack.service import EVENTS_PATH, SlackService, create_service, serve, start_http, start_socket_mode

__all__ = ["EVENTS_PATH", "SlackService", "create_service", "serve", "start_http", "start_socket_mode"]
