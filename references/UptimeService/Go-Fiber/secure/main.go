package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"log"

	"os"
	"time"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB
var secret []byte

type service struct {
	ServiceID        string `json:"serviceId"`
	LastNotification string `json:"lastNotification"`
}

// tokenKey: tokens are secrets, so only a keyed hash of them is stored (and looked up).
func tokenKey(token string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(token))
	return hex.EncodeToString(mac.Sum(nil))
}

func heartbeat(c *fiber.Ctx) error {
	var in struct {
		ServiceID *string `json:"serviceId"`
		Token     *string `json:"token"`
	}
	if err := c.BodyParser(&in); err != nil || in.ServiceID == nil || in.Token == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid request payload"})
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := db.Exec(`INSERT INTO services (service_id, token_key, last_notification) VALUES (?, ?, ?)
		ON CONFLICT (service_id, token_key) DO UPDATE SET last_notification = excluded.last_notification`,
		*in.ServiceID, tokenKey(*in.Token), now); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "Internal server error"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"message": "Heartbeat registered successfully"})
}

func listServices(c *fiber.Ctx) error {
	var in struct {
		Token *string `json:"token"`
	}
	if err := c.BodyParser(&in); err != nil || in.Token == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid request payload"})
	}
	rows, err := db.Query("SELECT service_id, last_notification FROM services WHERE token_key = ? ORDER BY service_id",
		tokenKey(*in.Token))
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "Internal server error"})
	}
	defer rows.Close()
	services := []service{}
	for rows.Next() {
		var s service
		if rows.Scan(&s.ServiceID, &s.LastNotification) == nil {
			services = append(services, s)
		}
	}
	return c.Status(fiber.StatusOK).JSON(services)
}

func main() {
	secret = []byte(os.Getenv("APP_SECRET"))
	if len(secret) == 0 {
		secret = []byte("dev-secret")
	}
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS services (service_id TEXT NOT NULL, token_key TEXT NOT NULL,
		last_notification TEXT NOT NULL, PRIMARY KEY (service_id, token_key))`); err != nil {
		log.Fatal(err)
	}
	app := fiber.New()
	app.Post("/heartbeat", heartbeat)
	app.Post("/services", listServices)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
