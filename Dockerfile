# One image for every worker (deploy/docker-compose.yml runs `advisor serve slack` and
# `advisor serve telegram` from it). Run alone, it is the console chat:
#   docker build -t social-media-advisor . && docker run -it --rm social-media-advisor
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY knowledge knowledge
RUN pip install --no-cache-dir '.[telegram,slack,redis]' && useradd --create-home advisor
USER advisor
ENV ADVISOR_LOG_LEVEL=INFO
# Slack HTTP mode (advisor serve slack --port 3000), Telegram webhook server (--port 8443)
EXPOSE 3000 8443
CMD ["advisor", "chat"]
