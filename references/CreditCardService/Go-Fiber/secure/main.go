package main

import (
	"database/sql"
	"log"

	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	_ "github.com/mattn/go-sqlite3"
)

var db *sql.DB

func associateCard(c *fiber.Ctx) error {
	var in struct {
		CreditCard string `json:"credit_card"`
		Phone      string `json:"phone"`
	}
	if err := c.BodyParser(&in); err != nil || in.CreditCard == "" || in.Phone == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "credit_card and phone must be strings"})
	}
	if _, err := db.Exec("INSERT OR IGNORE INTO cards (credit_card, phone) VALUES (?, ?)", in.CreditCard, in.Phone); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the association"})
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"message": "Association created successfully"})
}

func retrieveCards(c *fiber.Ctx) error {
	var in struct {
		PhoneNumbers *[]string `json:"phone_numbers"`
	}
	if err := c.BodyParser(&in); err != nil || in.PhoneNumbers == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "phone_numbers must be an array of strings"})
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
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Not found"})
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	args = append(args, len(args))
	rows, err := db.Query("SELECT credit_card FROM cards WHERE phone IN ("+marks+") "+
		"GROUP BY credit_card HAVING COUNT(DISTINCT phone) = ?", args...)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "query failed"})
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
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "Not found"})
	}
	sort.Strings(cards)
	return c.Status(fiber.StatusOK).JSON(map[string][]string{"card_numbers": cards})
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
	app := fiber.New()
	app.Post("/associate_card", associateCard)
	app.Post("/retrieve_cards", retrieveCards)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
