# The site as docker-compose.yml runs it: the production settings profile on PostgreSQL and
# Elasticsearch. `make run` needs none of this (SQLite and the database search backend).
#
# Only the project's own directories are copied, so a local .venv, db.sqlite3 or media folder
# never ends up in the image. A new top-level app directory must be added to the COPY lines.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=exchange_platform.settings.production \
    MEDIA_ROOT=/app/media

WORKDIR /app

# The same pinned requirements as `make install`, in their own layer so code changes reuse it.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY manage.py ./
COPY exchange_platform ./exchange_platform
COPY hub ./hub
COPY partners ./partners
COPY library ./library
COPY search ./search
COPY static ./static
COPY templates ./templates

# Static files are collected at build time (WhiteNoise serves them); the production profile
# insists on a SECRET_KEY, so this one step gets a throwaway key that never reaches runtime.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 exchange \
    && mkdir -p /app/media \
    && chown exchange /app/media
USER exchange

EXPOSE 8000

# requirements.txt pins no WSGI server, so the image serves with Django's runserver; a real
# deployment adds one (e.g. gunicorn) and replaces this with
# `gunicorn exchange_platform.wsgi --bind 0.0.0.0:8000`.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_seed_content && python manage.py update_index && exec python manage.py runserver 0.0.0.0:8000 --noreload"]
