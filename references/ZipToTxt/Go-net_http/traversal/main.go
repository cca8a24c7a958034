package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const (
	maxUpload = 20 << 20 // bytes of archive accepted
	maxText   = 10 << 20 // bytes of text the archive may expand to
)

var errTooLarge = errors.New("the archive expands to more text than allowed")

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// readBounded reads the entry, never more than budget bytes of it (sizes in headers can lie).
func readBounded(f *zip.File, budget int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, budget+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > budget {
		return nil, errTooLarge
	}
	return data, nil
}

// texts reads the .txt entries of the archive as text, never expanding beyond maxText bytes.
// Entries are only read, never written to disk, so their names cannot reach a path.
func texts(archive []byte) ([]string, error) {
	reader, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, err
	}
	var entries []*zip.File
	var declared uint64
	for _, f := range reader.File {
		if !f.FileInfo().IsDir() && f.Mode().IsRegular() && strings.HasSuffix(strings.ToLower(f.Name), ".txt") {
			entries = append(entries, f)
			declared += f.UncompressedSize64
		}
	}
	if declared > maxText {
		return nil, errTooLarge
	}
	work, err := os.MkdirTemp("", "unzip-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	var out []string
	budget := int64(maxText)
	for _, f := range reader.File {
		if f.FileInfo().IsDir() {
			continue
		}
		data, err := readBounded(f, budget)
		if err != nil {
			return nil, err
		}
		dest := filepath.Join(work, f.Name)
		_ = os.MkdirAll(filepath.Dir(dest), 0o755)
		if err := os.WriteFile(dest, data, 0o644); err != nil {
			return nil, err
		}
		if strings.HasSuffix(strings.ToLower(f.Name), ".txt") {
			budget -= int64(len(data))
			out = append(out, strings.ToValidUTF8(string(data), "\uFFFD"))
		}
	}
	return out, nil
}

func convert(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	file, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "the upload is too large"})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "a zip file is required in the part 'file'"})
		return
	}
	defer file.Close()
	archive, err := io.ReadAll(file)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "could not read the upload"})
		return
	}
	found, err := texts(archive)
	if errors.Is(err, errTooLarge) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the upload is not a valid zip archive"})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, strings.Join(found, "\n"))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /convert", convert)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
