# The production image: the site served by gunicorn under the production settings profile, for
# PostgreSQL and (optionally) Elasticsearch. docs/deployment.md explains how to run it.
#
# - Runtime requirements only (requirements.txt): no pytest, Playwright, ruff, factories or Faker.
# - Nothing is changed in the database at start: migrations, the reference-data sync and the
#   demo content are separate, explicit commands (the `migrate` service in docker-compose.yml).
# - Static files are collected at build time and served by WhiteNoise; media live in /app/media
#   (mount a volume there).
# - The interface translations (locale/*.po) are compiled at build time in a stage of their own,
#   so GNU gettext never reaches the image; the .mo files are not in git.

# msgfmt --check-format is what `manage.py compilemessages` runs; a broken catalogue fails the build.
FROM python:3.11-slim-bookworm AS messages
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY locale /locale
RUN set -e; for po in /locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "${po%.po}.mo" "$po"; done

FROM python:3.11-slim-bookworm

# gunicorn also reads GUNICORN_CMD_ARGS: override workers and timeouts per deployment. Threads: while
# one waits for the database another works (benchmarks/load.py measured 2x4 threads at ~1.8x 3 sync workers).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=exchange_platform.settings.production \
    MEDIA_ROOT=/app/media \
    PORT=8000 \
    GUNICORN_CMD_ARGS="--workers 2 --threads 4 --worker-class gthread --timeout 60 --access-logfile -"

WORKDIR /app

# The pinned runtime requirements in their own layer, so code changes reuse it.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# .dockerignore keeps tests, docs, local databases, media and settings/local.py out.
COPY . .
COPY --from=messages /locale /app/locale

# WhiteNoise serves what collectstatic gathers. The production profile insists on a SECRET_KEY,
# so this one build step gets a throwaway key that never reaches runtime.
RUN SECRET_KEY=collectstatic-only-never-used-at-runtime python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 exchange \
    && mkdir -p /app/media \
    && chown exchange /app/media
USER exchange

EXPOSE 8000

# /healthz checks the database and the search backend. It is exempt from the HTTPS redirect and
# is asked for under the first ALLOWED_HOSTS name, so it answers whatever the deployment's hosts.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': h}), timeout=8)"

# Serve only: no migrate, no seed, no index rebuild at start.
CMD ["sh", "-c", "exec gunicorn exchange_platform.wsgi --bind 0.0.0.0:${PORT}"]
