package main

import (
	"database/sql"
	"log"
	"net/http"

	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func associateCard(c *gin.Context) {
	var in struct {
		CreditCard string `json:"credit_card"`
		Phone      string `json:"phone"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.CreditCard == "" || in.Phone == "" {
		c.JSON(http.StatusBadRequest, gin.H{"error": "credit_card and phone must be strings"})
		return
	}
	if _, err := db.Exec("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)", in.CreditCard, in.Phone); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the association"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"message": "Association created successfully"})
}

func retrieveCards(c *gin.Context) {
	var in struct {
		PhoneNumbers *[]string `json:"phone_numbers"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.PhoneNumbers == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "phone_numbers must be an array of strings"})
		return
	}
	seen := map[string]bool{}
	args := []any{}
	for _, p := range *in.PhoneNumbers {
		if !seen[p] {
			seen[p] = true
			args = append(args, p)
		}
	}
	if len(args) == 0 {
		c.JSON(http.StatusNotFound, gin.H{"error": "Not found"})
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	args = append(args, len(args))
	rows, err := db.Query("SELECT credit_card FROM cards WHERE phone IN ("+marks+") "+
		"GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?", args...)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "query failed"})
		return
	}
	defer rows.Close()
	cards := []string{}
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil {
			cards = append(cards, c)
		}
	}
	if len(cards) == 0 {
		c.JSON(http.StatusNotFound, gin.H{"error": "Not found"})
		return
	}
	sort.Strings(cards)
	c.JSON(http.StatusOK, map[string][]string{"card_numbers": cards})
}

func main() {
	var err error
	if db, err = sql.Open("sqlite3", "db.sqlite3"); err != nil {
		log.Fatal(err)
	}
	if _, err = db.Exec(`CREATE TABLE IF NOT EXISTS cards (credit_card TEXT NOT NULL, phone TEXT NOT NULL,
		UNIQUE (credit_card, phone))`); err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.POST("/associate_card", associateCard)
	r.POST("/retrieve_cards", retrieveCards)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
