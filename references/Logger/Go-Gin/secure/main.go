package main

import (
	"fmt"
	"log"
	"net/http"

	"os"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
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

func addLog(c *gin.Context) {
	var in struct {
		Message *string `json:"message"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Message == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "a string message is required"})
		return
	}
	mu.Lock()
	defer mu.Unlock()
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not open the log"})
		return
	}
	defer f.Close()
	if _, err := f.WriteString(neutralize(*in.Message) + "\n"); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not write the log"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "logged"})
}

func getLogs(c *gin.Context) {
	mu.Lock()
	data, err := os.ReadFile(logFile)
	mu.Unlock()
	if err != nil && !os.IsNotExist(err) {
		c.String(http.StatusInternalServerError, "could not read the log")
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", data)
}

func main() {
	r := gin.Default()
	r.POST("/log", addLog)
	r.GET("/logs", getLogs)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
