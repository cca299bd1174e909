//! A shared map's link: `throughline://HOST:PORT/MAP?token=ROLE.SECRET`. The token is what
//! opens the map; a link without one names the map only.

use std::fmt;

/// Where a shared map is and what opens it.
#[derive(Clone, PartialEq, Eq)]
pub struct Link {
    pub host: String,
    pub port: u16,
    /// The map's name on the server.
    pub map: String,
    pub token: Option<String>,
}

/// Whether a token lets its holder write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Editor,
    Viewer,
}

/// Why a link was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a link to a shared map ({0}); a link looks like throughline://host:1234/map?token=…")]
pub struct BadLink(&'static str);

impl Link {
    pub fn parse(text: &str) -> Result<Link, BadLink> {
        let rest = text
            .trim()
            .strip_prefix("throughline://")
            .ok_or(BadLink("it does not start with throughline://"))?;
        let (place, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, map) = place.split_once('/').ok_or(BadLink("it names no map"))?;
        let (host, port) = authority.rsplit_once(':').ok_or(BadLink("it names no port"))?;
        let port = port.parse().map_err(|_| BadLink("its port is not a number"))?;
        let map = map.trim_end_matches('/');
        let fine = |s: &str, extra: &[char]| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c) || extra.contains(&c))
        };
        if !fine(host, &['.', '[', ']', ':']) {
            return Err(BadLink("its host is not a host name"));
        }
        if !fine(map, &[]) || map.len() > 100 {
            return Err(BadLink("its map name has characters a map name cannot have"));
        }
        let token = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if token.as_deref().is_some_and(|t| !fine(t, &['.'])) {
            return Err(BadLink("its token has characters a token cannot have"));
        }
        Ok(Link { host: host.to_owned(), port, map: map.to_owned(), token })
    }

    /// What the token allows, from its form (the server has the last word).
    pub fn role(&self) -> Option<Role> {
        match self.token.as_deref()?.split('.').next()? {
            "editor" | "publish" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// The server's WebSocket address.
    pub fn websocket(&self) -> String {
        format!("ws://{}:{}/", self.host, self.port)
    }

    /// Links for a map about to be shared: one to publish it with (which the server records),
    /// one for editors and one for viewers, each with a new random secret.
    pub fn publish(host: &str, port: u16, map: &str) -> Published {
        let secret = || {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).expect("the operating system's random source");
            bytes.iter().fold(String::with_capacity(64), |mut hex, b| {
                use std::fmt::Write;
                let _ = write!(hex, "{b:02x}");
                hex
            })
        };
        let (editor, viewer) = (secret(), secret());
        let link = |token: String| Link {
            host: host.to_owned(),
            port,
            map: map.to_owned(),
            token: Some(token),
        };
        Published {
            publish: link(format!("publish.{editor}.{viewer}")),
            editor: link(format!("editor.{editor}")),
            viewer: link(format!("viewer.{viewer}")),
        }
    }
}

/// The three links of a newly shared map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub publish: Link,
    pub editor: Link,
    pub viewer: Link,
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "throughline://{}:{}/{}", self.host, self.port, self.map)?;
        match &self.token {
            Some(token) => write!(f, "?token={token}"),
            None => Ok(()),
        }
    }
}

/// Never the token: links end up in logs and error messages.
impl fmt::Debug for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "throughline://{}:{}/{}", self.host, self.port, self.map)?;
        if self.token.is_some() {
            write!(f, "?token=…")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_read_back_as_written_and_never_show_their_token_in_debug() {
        let published = Link::publish("127.0.0.1", 1234, "q3-journey");
        for link in [&published.publish, &published.editor, &published.viewer] {
            assert_eq!(Link::parse(&link.to_string()).as_ref(), Ok(link));
            assert!(!format!("{link:?}").contains(link.token.as_deref().unwrap()));
        }
        assert_eq!(published.editor.role(), Some(Role::Editor));
        assert_eq!(published.viewer.role(), Some(Role::Viewer));
        assert_ne!(published.editor.token, Link::publish("h", 1, "m").editor.token);
    }

    #[test]
    fn what_is_not_a_link_is_refused_saying_why() {
        for (text, why) in [
            ("https://example.com/x", "does not start"),
            ("throughline://host/map", "no port"),
            ("throughline://host:99999/map", "port"),
            ("throughline://host:1234", "no map"),
            ("throughline://host:1234/../etc", "map name"),
            ("throughline://host:1234/m?token=a b", "token"),
        ] {
            let refused = Link::parse(text).unwrap_err().to_string();
            assert!(refused.contains(why), "{text}: {refused}");
        }
    }
}
