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

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	file, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "the upload is too large"})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "no file"})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "could not read the file"})
		return
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "no randomness"})
		return
	}
	id := base64.RawURLEncoding.EncodeToString(raw) // random, so ids cannot be guessed
	meta, _ := json.Marshal(map[string]string{"type": sniff(data)})
	if os.WriteFile(filepath.Join(store, id), data, 0o600) != nil ||
		os.WriteFile(filepath.Join(store, id+".json"), meta, 0o600) != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not store the file"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

func view(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !idPattern.MatchString(id) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	data, err := os.ReadFile(filepath.Join(store, id))
	metaRaw, metaErr := os.ReadFile(filepath.Join(store, id+".json"))
	var meta struct {
		Type string `json:"type"`
	}
	if err != nil || metaErr != nil || json.Unmarshal(metaRaw, &meta) != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	w.Header().Set("Content-Type", meta.Type)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

func main() {
	if err := os.MkdirAll(store, 0o700); err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /upload", upload)
	mux.HandleFunc("GET /images/{id}", view)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
