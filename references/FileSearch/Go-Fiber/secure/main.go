package main

import (
	"bytes"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
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

func main() {
	app := fiber.New()
	app.Post("/search", func(c *fiber.Ctx) error {
		var in struct {
			Content  *string `json:"search_content"`
			Filename *string `json:"search_filename"`
			Dir      *string `json:"search_dir"`
		}
		if err := c.BodyParser(&in); err != nil {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid input"})
		}
		files, ok := search(in.Content, in.Filename, in.Dir)
		if !ok {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Invalid directory"})
		}
		return c.JSON(fiber.Map{"files": files})
	})
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
