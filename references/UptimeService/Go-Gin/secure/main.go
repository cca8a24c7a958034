package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"log"
	"net/http"

	"os"
	"time"

	"github.com/gin-gonic/gin"

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

func heartbeat(c *gin.Context) {
	var in struct {
		ServiceID *string `json:"serviceId"`
		Token     *string `json:"token"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.ServiceID == nil || in.Token == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid request payload"})
		return
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := db.Exec(`INSERT INTO services (service_id, token_key, last_notification) VALUES (?, ?, ?)
		ON CONFLICT (service_id, token_key) DO UPDATE SET last_notification = excluded.last_notification`,
		*in.ServiceID, tokenKey(*in.Token), now); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "Internal server error"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"message": "Heartbeat registered successfully"})
}

func listServices(c *gin.Context) {
	var in struct {
		Token *string `json:"token"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Token == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "Invalid request payload"})
		return
	}
	rows, err := db.Query("SELECT service_id, last_notification FROM services WHERE token_key = ? ORDER BY service_id",
		tokenKey(*in.Token))
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "Internal server error"})
		return
	}
	defer rows.Close()
	services := []service{}
	for rows.Next() {
		var s service
		if rows.Scan(&s.ServiceID, &s.LastNotification) == nil {
			services = append(services, s)
		}
	}
	c.JSON(http.StatusOK, services)
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
	r := gin.Default()
	r.POST("/heartbeat", heartbeat)
	r.POST("/services", listServices)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
