//! The map screen. Every role that may read the roster may see the map (the core audits
//! the points and an area's list as readings); setting a position needs an officer
//! ([`AppState::write`], and the core again). The heavy readings are `async`, so they run
//! off the window's thread.

use tauri::ipc::Response;
use tauri::State;
use yorisoi::geo::LonLat;
use yorisoi::map::{drawn_polygon, Area, AreaShape, MapColouring};

use crate::api::map::{outline_bytes, points_bytes};
use crate::api::{
    MapAreaPeople, MapAreaRequest, MapHome, MapLayerId, MapOverview, MapPointsRequest,
    MapPositionRequest, MapPositionSet, PersonId,
};
use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub fn map_overview(state: State<'_, AppState>) -> Result<MapOverview, IpcError> {
    let (layers, files) = state.read(|r| Ok((r.hazard_layers()?, r.position_files()?.len())))?;
    Ok(MapOverview::new(layers, files))
}

/// Everyone placed, as bytes (`api::map::points_bytes`).
#[tauri::command]
pub async fn map_points(
    request: MapPointsRequest,
    state: State<'_, AppState>,
) -> Result<Response, IpcError> {
    let colouring = request
        .drill_id
        .map_or(MapColouring::Priority, MapColouring::Drill);
    let points = state.view(|r| r.map_points(colouring))?;
    Ok(Response::new(points_bytes(&points)?))
}

/// A layer's areas, as bytes (`api::map::outline_bytes`).
#[tauri::command]
pub async fn map_layer_outline(
    request: MapLayerId,
    state: State<'_, AppState>,
) -> Result<Response, IpcError> {
    let outline = state.read(|r| r.layer_outlines(request.id))?;
    Ok(Response::new(outline_bytes(&outline)?))
}

/// The person picked on the map or in the search.
#[tauri::command]
pub fn map_home(request: PersonId, state: State<'_, AppState>) -> Result<MapHome, IpcError> {
    let home = state.read(|r| r.map_home(request.id))?;
    home.map(MapHome::from)
        .ok_or_else(|| IpcError::invalid("id", "this person is archived"))
}

/// Everyone inside an area drawn on the map, and apart those not placed.
#[tauri::command]
pub async fn map_area_people(
    request: MapAreaRequest,
    state: State<'_, AppState>,
) -> Result<MapAreaPeople, IpcError> {
    let corners: Vec<LonLat> = request.corners.iter().copied().map(LonLat::from).collect();
    let area = Area {
        shape: AreaShape::Drawn(vec![drawn_polygon(&corners)?]),
        districts: request.districts,
    };
    let people = state.view(|r| r.people_in_area(&area))?;
    Ok(MapAreaPeople {
        inside: people.inside.into_iter().map(Into::into).collect(),
        unplaced: people.unplaced.into_iter().map(Into::into).collect(),
    })
}

/// Sets a person's position by hand (officers).
#[tauri::command]
pub fn map_position_set(
    request: MapPositionRequest,
    state: State<'_, AppState>,
) -> Result<MapPositionSet, IpcError> {
    let check = state.write(|r| r.set_position(request.person_id, request.at.into()))?;
    Ok(MapPositionSet {
        new_changes: u32::try_from(check.new_changes).unwrap_or(u32::MAX),
    })
}
