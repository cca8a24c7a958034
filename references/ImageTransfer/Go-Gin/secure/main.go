package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"

	"os"
	"path/filepath"
	"regexp"

	"github.com/gin-gonic/gin"
)

const (
	store     = "uploads"
	maxUpload = 20 << 20
)

// An id is what /upload made: URL-safe base64 characters only, so no path can be formed.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as an
// opaque download type, so a browser never runs it.
var signatures = []struct {
	magic []byte
	kind  string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png"}, {[]byte("\xff\xd8\xff"), "image/jpeg"},
	{[]byte("GIF87a"), "image/gif"}, {[]byte("GIF89a"), "image/gif"}, {[]byte("BM"), "image/bmp"},
}

func sniff(data []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(data, s.magic) {
			return s.kind
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "image/webp"
	}
	return "application/octet-stream"
}

func upload(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	file, _, err := c.Request.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.JSON(http.StatusRequestEntityTooLarge, gin.H{"error": "the upload is too large"})
			return
		}
		c.JSON(http.StatusBadRequest, gin.H{"error": "no file"})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "could not read the file"})
		return
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no randomness"})
		return
	}
	id := base64.RawURLEncoding.EncodeToString(raw) // random, so ids cannot be guessed
	meta, _ := json.Marshal(gin.H{"type": sniff(data)})
	if os.WriteFile(filepath.Join(store, id), data, 0o600) != nil ||
		os.WriteFile(filepath.Join(store, id+".json"), meta, 0o600) != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not store the file"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id})
}

func view(c *gin.Context) {
	id := c.Param("id")
	if !idPattern.MatchString(id) {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	data, err := os.ReadFile(filepath.Join(store, id))
	metaRaw, metaErr := os.ReadFile(filepath.Join(store, id+".json"))
	var meta struct {
		Type string `json:"type"`
	}
	if err != nil || metaErr != nil || json.Unmarshal(metaRaw, &meta) != nil {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, meta.Type, data)
}

func main() {
	if err := os.MkdirAll(store, 0o700); err != nil {
		log.Fatal(err)
	}
	r := gin.Default()
	r.POST("/upload", upload)
	r.GET("/images/:id", view)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
