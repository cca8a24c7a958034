package main

import (
	"database/sql"
	"log"
	"net/http"

	"time"

	"github.com/gin-gonic/gin"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

// The comparison operator is looked up in this fixed table, never taken from the request text.
var operators = map[string]string{"<": "<", ">": ">", "<=": "<=", ">=": ">="}

type click struct {
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
}

func registerClick(c *gin.Context) {
	stamp := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	if _, err := db.Exec("INSERT INTO clicks (id, timestamp) VALUES (?, ?)", uuid.NewString(), stamp); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the click"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"message": "Click registered successfully"})
}

func listClicks(c *gin.Context) {
	day, err := time.Parse("2006-01-02", c.Query("date"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "date must be YYYY-MM-DD"})
		return
	}
	op, ok := operators[c.Query("direction")]
	if !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": "direction must be one of <, >, <=, >="})
		return
	}
	rows, err := db.Query("SELECT id, timestamp FROM clicks WHERE timestamp "+op+" ? ORDER BY timestamp",
		day.Format("2006-01-02"))
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	clicks := []click{}
	for rows.Next() {
		var c click
		if err := rows.Scan(&c.ID, &c.Timestamp); err == nil {
			clicks = append(clicks, c)
		}
	}
	if len(clicks) == 0 {
		c.JSON(http.StatusNotFound, gin.H{"error": "No clicks found"})
		return
	}
	c.JSON(http.StatusOK, clicks)
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec("CREATE TABLE IF NOT EXISTS clicks (id TEXT PRIMARY KEY, timestamp TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.POST("/click", registerClick)
	r.GET("/clicks", listClicks)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
