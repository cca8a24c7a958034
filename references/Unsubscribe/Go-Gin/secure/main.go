package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net/http"

	"net/mail"
	"strings"

	"github.com/gin-gonic/gin"
)

var phrases = []string{"unsubscribe", "remove me", "deregister me", "stop sending me", "delete me"}

// partText appends the decoded text of every text/* part of a body with the given headers.
func partText(contentType, encoding string, body io.Reader, texts *[]string, depth int) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mediaType = "text/plain"
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/") && params["boundary"] != "" && depth < 10:
		reader := multipart.NewReader(body, params["boundary"])
		for {
			part, err := reader.NextPart()
			if err != nil {
				return
			}
			partText(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part, texts, depth+1)
		}
	case strings.HasPrefix(mediaType, "text/"):
		if strings.EqualFold(strings.TrimSpace(encoding), "base64") {
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		data, _ := io.ReadAll(io.LimitReader(body, 1<<20))
		*texts = append(*texts, string(data))
	}
}

func decideUnsubscribe(c *gin.Context) {
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, 5<<20))
	if err != nil {
		c.String(http.StatusBadRequest, "could not read the message")
		return
	}
	address := ""
	var texts []string
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		// The sender is the From header of the message, nothing from its body.
		if from, err := mail.ParseAddress(msg.Header.Get("From")); err == nil {
			address = from.Address
		}
		contentType := msg.Header.Get("Content-Type")
		if contentType == "" {
			contentType = "text/plain"
		}
		partText(contentType, msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &texts, 0)
	}
	text := strings.ToLower(strings.Join(texts, "\n"))
	unsubscribe := false
	for _, p := range phrases {
		if strings.Contains(text, p) {
			unsubscribe = true
			break
		}
	}
	c.JSON(http.StatusOK, gin.H{"email": address, "unsubscribe": unsubscribe})
}

func main() {
	r := gin.Default()
	r.POST("/decideUnsubscribe", decideUnsubscribe)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
