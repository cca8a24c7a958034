package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

const maxFileBytes = 10 << 20 // larger files are not searched

var root string

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// inside says whether path, with its symlinks resolved, lies in root.
func inside(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(root, real)
	return real, err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// grep reports whether file has a line matching pattern.
func grep(ctx context.Context, pattern, file string) (bool, error) {
	err := exec.CommandContext(ctx, "grep", "-q", "-E", "-e", pattern, file).Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.ExitCode() == 1 {
		return false, nil
	}
	return err == nil, err
}

func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pattern := q.Get("regex")
	if pattern == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "regex is required"})
		return
	}
	if _, err := grep(r.Context(), pattern, os.DevNull); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid regex"})
		return
	}
	base, ok := inside(filepath.Join(root, strings.TrimLeft(q.Get("directory"), `/\`)))
	if info, err := os.Stat(base); !ok || err != nil || !info.IsDir() {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "directory not found or not accessible"})
		return
	}
	recursive := map[string]bool{"true": true, "1": true, "yes": true}[strings.ToLower(q.Get("recursive"))]
	files := []string{}
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != base && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		real, ok := inside(path)
		if !ok {
			return nil
		}
		info, err := os.Stat(real)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxFileBytes {
			return nil
		}
		matched, err := grep(r.Context(), pattern, real)
		if err != nil {
			return err
		}
		if matched {
			rel, _ := filepath.Rel(base, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not read the files"})
		return
	}
	sort.Strings(files)
	writeJSON(w, http.StatusOK, map[string][]string{"files": files})
}

func main() {
	var err error
	if root, err = filepath.Abs("files"); err != nil {
		log.Fatal(err)
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", search)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
