package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

const dataDir = "/data"

// confined returns the directory under /data named by dir, or false when it leaves /data.
func confined(dir string) (string, bool) {
	path := filepath.Join(dataDir, filepath.Clean("/"+dir))
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return path, path == dataDir || strings.HasPrefix(path, dataDir+"/")
}

func search(content, name, dir *string) ([]string, bool) {
	base := dataDir
	if dir != nil {
		var ok bool
		if base, ok = confined(*dir); !ok {
			return nil, false
		}
	}
	found := []string{}
	_ = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if name != nil && *name != "" && strings.HasPrefix(d.Name(), *name) {
			found = append(found, path)
			return nil
		}
		if content != nil && *content != "" {
			if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(*content)) {
				found = append(found, path)
			}
		}
		return nil
	})
	sort.Strings(found)
	return found, true
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func searchHandler(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Content  *string `json:"search_content"`
		Filename *string `json:"search_filename"`
		Dir      *string `json:"search_dir"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		reply(w, http.StatusBadRequest, map[string]string{"error": "Invalid input"})
		return
	}
	files, ok := search(in.Content, in.Filename, in.Dir)
	if !ok {
		reply(w, http.StatusBadRequest, map[string]string{"error": "Invalid directory"})
		return
	}
	reply(w, http.StatusOK, map[string][]string{"files": files})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /search", searchHandler)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
