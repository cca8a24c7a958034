import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("APP_SECRET", "dev-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]
APPEND_SLASH = False
INSTALLED_APPS = ["myapp"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "mysite.urls"
WSGI_APPLICATION = "mysite.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
# Uploads larger than this are refused from their declared length (see myapp/views.py).
MAX_UPLOAD_SIZE = 50 * 1024 * 1024
