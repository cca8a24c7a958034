<?php

namespace Firebase\JWT;

use InvalidArgumentException;

/** A key and the one algorithm it may be used with. */
class Key
{
    private $keyMaterial;
    private string $algorithm;

    public function __construct($keyMaterial, string $algorithm)
    {
        if (!is_string($keyMaterial) && !(is_object($keyMaterial) && get_class($keyMaterial) === 'OpenSSLAsymmetricKey')) {
            throw new InvalidArgumentException('Key material must be a string or an OpenSSL key');
        }
        if ($keyMaterial === '') {
            throw new InvalidArgumentException('Key material must not be empty');
        }
        if ($algorithm === '') {
            throw new InvalidArgumentException('Algorithm must not be empty');
        }
        $this->keyMaterial = $keyMaterial;
        $this->algorithm = $algorithm;
    }

    public function getKeyMaterial()
    {
        return $this->keyMaterial;
    }

    public function getAlgorithm(): string
    {
        return $this->algorithm;
    }
}
