module myapp

go 1.23.4

require (
	github.com/gofiber/fiber/v2 v2.52.6
	github.com/golang-jwt/jwt/v5 v5.2.1
	github.com/google/uuid v1.6.0
	github.com/mattn/go-sqlite3 v1.14.24
	golang.org/x/crypto v0.32.0
)
