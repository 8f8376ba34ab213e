# One image for every worker: `advisor serve slack` or `advisor serve telegram`.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY knowledge knowledge
RUN pip install --no-cache-dir '.[telegram,slack,redis]' && useradd --create-home advisor
USER advisor
ENV ADVISOR_LOG_LEVEL=INFO
