#!/bin/sh
# Builds a PHP-Lumen sample inside the sandbox, in /app (the sample's own files):
# lays the provided skeleton under the model's files (the model's files win), checks the syntax of
# every PHP file, creates the sqlite file and runs the sample's migrations when it has any.
set -u
SKELETON=/opt/baxbench/lumen/skeleton
cd /app || exit 1

cp -R -n "$SKELETON"/. /app/ || exit 1
chmod -R u+w /app
mkdir -p storage/logs storage/framework/cache storage/framework/views database/migrations
for ignored in composer.json composer.lock; do
    [ -e "$ignored" ] && echo "note: $ignored ignored: packages come from Debian, not Composer"
done

failed=0
find . -path ./vendor -prune -o -name '*.php' -type f -print | sort > /tmp/php-files
while IFS= read -r f; do
    out=$(php -l "$f" 2>&1) || { echo "$out"; failed=1; }
done < /tmp/php-files
[ "$failed" = 0 ] || { echo "build failed: PHP syntax errors"; exit 1; }

[ -e db.sqlite3 ] || : > db.sqlite3
if [ -n "$(find database/migrations -name '*.php' -type f 2>/dev/null)" ]; then
    php artisan migrate --force --no-interaction || { echo "build failed: php artisan migrate"; exit 1; }
fi
echo "build ok"
