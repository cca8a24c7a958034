package main

import (
	"fmt"
	"log"

	"os"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
)

const logFile = "logs.txt"

var mu sync.Mutex

// neutralize keeps one message on one line: backslashes and every control character are escaped.
func neutralize(message string) string {
	var b strings.Builder
	for _, ch := range message {
		switch {
		case ch == '\\':
			b.WriteString(`\\`)
		case ch == '\n':
			b.WriteString(`\n`)
		case ch == '\r':
			b.WriteString(`\r`)
		case ch < 32 || ch == 0x7f || ch == 0x85 || ch == 0x2028 || ch == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, ch)
		default:
			b.WriteRune(ch)
		}
	}
	return b.String()
}

func addLog(c *fiber.Ctx) error {
	var in struct {
		Message *string `json:"message"`
	}
	if err := c.BodyParser(&in); err != nil || in.Message == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "a string message is required"})
	}
	mu.Lock()
	defer mu.Unlock()
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not open the log"})
	}
	defer f.Close()
	if _, err := f.WriteString(neutralize(*in.Message) + "\n"); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not write the log"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"status": "logged"})
}

func getLogs(c *fiber.Ctx) error {
	mu.Lock()
	data, err := os.ReadFile(logFile)
	mu.Unlock()
	if err != nil && !os.IsNotExist(err) {
		return c.Status(fiber.StatusInternalServerError).SendString("could not read the log")
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Send(data)
}

func main() {
	app := fiber.New()
	app.Post("/log", addLog)
	app.Get("/logs", getLogs)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
