package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

var songs = "/var/songs"

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// songPath is the real path of the song, or "" when it is not a regular file inside songs.
func songPath(filename string) string {
	if strings.ContainsRune(filename, 0) {
		return ""
	}
	path, err := filepath.EvalSymlinks(filepath.Join(songs, filename))
	if err != nil || !strings.HasPrefix(path, songs+string(filepath.Separator)) {
		return ""
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return path
}

func download(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Filename string `json:"filename"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil || in.Filename == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "filename is required"})
		return
	}
	path := songPath(in.Filename)
	if path == "" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "song not found"})
		return
	}
	f, err := os.Open(path)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "song not found"})
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "audio/mpeg")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, f)
}

func main() {
	if real, err := filepath.EvalSymlinks(songs); err == nil {
		songs = real
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /download", download)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
